package dev.siyu.journey;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.analytics.JourneyFigures;
import dev.siyu.audience.AudienceLaunches;
import dev.siyu.audience.LaunchPlan;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.EventType;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static dev.siyu.journey.HeroProductCampaign.END_CONVERTED;
import static dev.siyu.journey.HeroProductCampaign.END_NO_SALE;
import static dev.siyu.journey.HeroProductCampaign.KEY;
import static dev.siyu.journey.HeroProductCampaign.TASK_SEND_OA_OFFER;
import static dev.siyu.journey.HeroProductCampaign.TASK_SEND_SMS_OFFER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * The figures of a scripted launch of the hero-product campaign, whose right answers are
 * known by construction: 60 customers (the first 12 follow the Official Account and
 * bought the hero twice, so they get the OA offer; the rest get the SMS offer), launched
 * as an experiment with variants a and b and a 25 % holdout. In variant a every second
 * customer buys on day 2, in b every fourth, in the holdout every fifth (for 100 yuan
 * plus her number, a 10-yuan coupon on even numbers); one of the others buys on day 9,
 * after the window; everyone else's journey runs out its seven days.
 */
class JourneyFiguresTest extends JourneyTestSupport {

	static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	JourneyFigures figures;

	@Test
	void aLaunchsFunnelConversionsRevenueLiftAndLayersAreTheScriptedOnes() throws Exception {
		String tag = "figures-" + UUID.randomUUID();
		List<String> customers = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			String id = (i < 12) ? customer(new CustomerChanges(null, null, true, null, Set.of(tag))) : customer(
					new CustomerChanges(null, "1380000" + String.format("%04d", i), false, null, Set.of(tag)));
			if (i < 12) {
				pastOrders(id, 2);
			}
			this.jdbc.sql("""
					insert into customer_layer (customer_id, rule_set, layer_value, rule_name, version, computed_at)
					values (:id, 'figures-tier', :layer, 'test', 1, :now)""")
				.param("id", id)
				.param("layer", (i < 30) ? "HIGH" : "LOW")
				.param("now", now())
				.update();
			customers.add(id);
		}
		long launchId = this.launches.launch(
				new LaunchPlan(KEY, null, null, JSON.readTree("{\"tag\": \"" + tag + "\"}"), "figures-" + tag,
						List.of(new LaunchPlan.Variant("a", 1), new LaunchPlan.Variant("b", 1)), 25.0, null, null),
				"test");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.launches.find(launchId).orElseThrow().status(), (status) -> status.equals("DONE"));
		Map<String, AudienceLaunches.Member> members = new HashMap<>();
		this.launches.members(launchId, null, "", 1000).forEach((member) -> members.put(member.customerId(), member));
		assertThat(members).hasSize(60);

		Map<String, ProcessInstance> journeys = new HashMap<>();
		for (String customer : customers) {
			ProcessInstance journey = journey(KEY, customer);
			execute(job(journey));
			journeys.put(customer, journey);
		}
		dispatch();

		// the script: who buys, per arm, and what each arm should show
		Map<String, int[]> arms = new HashMap<>(); // entered, converted
		Map<String, BigDecimal> revenue = new HashMap<>();
		Map<String, BigDecimal> coupons = new HashMap<>();
		Map<String, Integer> seen = new HashMap<>();
		List<String> buyers = new ArrayList<>();
		int[] attributedTo = new int[2]; // OA, SMS
		int[] pushedByLayer = new int[2]; // HIGH, LOW
		BigDecimal[] revenueByLayer = { BigDecimal.ZERO, BigDecimal.ZERO };
		moveClock(Duration.ofDays(2));
		for (int i = 0; i < 60; i++) {
			String customer = customers.get(i);
			AudienceLaunches.Member member = members.get(customer);
			String arm = member.holdout() ? "holdout" : member.variant();
			int n = seen.merge(arm, 1, Integer::sum);
			int every = switch (arm) {
				case "a" -> 2;
				case "b" -> 4;
				default -> 5;
			};
			arms.computeIfAbsent(arm, (a) -> new int[2])[0]++;
			if (!member.holdout()) {
				pushedByLayer[(i < 30) ? 0 : 1]++;
			}
			if (n % every == 0) {
				BigDecimal amount = BigDecimal.valueOf(100 + i);
				BigDecimal coupon = (i % 2 == 0) ? BigDecimal.TEN : BigDecimal.ZERO;
				Map<String, Object> properties = new HashMap<>(Map.of("orderId", "fig-" + customer, "amount", 100 + i,
						"items", List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 100 + i))));
				if (coupon.signum() > 0) {
					properties.put("couponValue", 10);
				}
				event(customer, EventType.Purchased, properties);
				buyers.add(customer);
				arms.get(arm)[1]++;
				revenue.merge(arm, amount, BigDecimal::add);
				coupons.merge(arm, coupon, BigDecimal::add);
				revenueByLayer[(i < 30) ? 0 : 1] = revenueByLayer[(i < 30) ? 0 : 1].add(amount);
				if (!member.holdout()) {
					attributedTo[(i < 12) ? 0 : 1]++;
				}
			}
		}
		moveClock(Duration.ofDays(6));
		for (String customer : customers) {
			if (!buyers.contains(customer)) {
				execute(job("Event_CampaignWindowOver", journeys.get(customer)));
			}
		}
		// a purchase after the window counts for nothing
		String late = customers.stream().filter((c) -> !buyers.contains(c)).findFirst().orElseThrow();
		moveClock(Duration.ofDays(1));
		event(late, EventType.Purchased, Map.of("orderId", "late-" + late, "amount", 500, "items",
				List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 500))));
		this.jdbc.sql("""
				insert into journey_spend (process_key, launch_id, amount, note, spent_on, created_at)
				values (:key, :launch, 30.00, 'ads', :on, :now)""")
			.param("key", KEY)
			.param("launch", launchId)
			.param("on", LocalDate.of(2026, 6, 1))
			.param("now", now())
			.update();

		JourneyFigures.Funnel funnel = this.figures.funnel(new JourneyFigures.Filter(KEY, null, null, null, launchId));

		int held = arms.get("holdout")[0];
		int converted = arms.values().stream().mapToInt((a) -> a[1]).sum();
		BigDecimal allRevenue = revenue.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		BigDecimal allCoupons = coupons.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(funnel.goals()).containsExactly("Purchased");
		assertThat(funnel.totals().entered()).isEqualTo(60);
		assertThat(funnel.totals().active()).isZero();
		assertThat(funnel.totals().converted()).isEqualTo(converted);
		assertThat(funnel.totals().revenue()).isEqualByComparingTo(allRevenue);
		assertThat(funnel.totals().orders()).isEqualTo(converted);
		assertThat(funnel.exits().goal()).isEqualTo(converted);
		assertThat(funnel.exits().withoutGoal()).isEqualTo(60 - converted);
		assertThat(funnel.endEvents()).containsEntry(END_CONVERTED, (long) converted)
			.containsEntry(END_NO_SALE, (long) (60 - converted));

		// messages: the OA offer to the 12 followers, the SMS offer to the 48 others; the
		// holdout's suppressed
		long heldOa = customers.subList(0, 12).stream().filter((c) -> members.get(c).holdout()).count();
		long heldSms = held - heldOa;
		assertThat(funnel.channels().get("wechat-oa"))
			.isEqualTo(new JourneyFigures.MessageCounts(12 - heldOa, heldOa, 0, 0));
		assertThat(funnel.channels().get("sms"))
			.isEqualTo(new JourneyFigures.MessageCounts(48 - heldSms, heldSms, 0, 0));
		JourneyFigures.Activity sms = activity(funnel, TASK_SEND_SMS_OFFER);
		assertThat(sms.entered()).isEqualTo(48);
		assertThat(sms.completed()).isEqualTo(48);
		assertThat(sms.waiting()).isZero();
		assertThat(sms.suppressedBy()).containsOnlyKeys("holdout: held out of the launch to measure its lift");
		assertThat(sms.attributedConversions()).isEqualTo(attributedTo[1]);
		assertThat(activity(funnel, TASK_SEND_OA_OFFER).attributedConversions()).isEqualTo(attributedTo[0]);
		assertThat(activity(funnel, "Gateway_PurchasedOrWindowOver").entered()).isEqualTo(60);
		assertThat(activity(funnel, END_CONVERTED).entered()).isEqualTo(converted);
		// the held-out buyers got nothing before buying: no message to attribute them to
		assertThat(funnel.unattributed().conversions()).isEqualTo(arms.get("holdout")[1]);
		assertThat(funnel.unattributed().revenue())
			.isEqualByComparingTo(revenue.getOrDefault("holdout", BigDecimal.ZERO));

		// cost: 0.045 per SMS sent, OA messages free, the coupons redeemed, the spend
		BigDecimal messages = new BigDecimal("0.045").multiply(BigDecimal.valueOf(48 - heldSms))
			.setScale(2, java.math.RoundingMode.HALF_UP);
		assertThat(funnel.totals().cost().messages()).isEqualByComparingTo(messages);
		assertThat(funnel.totals().cost().offers()).isEqualByComparingTo(allCoupons);
		assertThat(funnel.totals().cost().spend()).isEqualByComparingTo("30.00");
		assertThat(funnel.totals().roi()).isCloseTo(
				allRevenue.doubleValue() / messages.add(allCoupons).add(new BigDecimal("30.00")).doubleValue(),
				within(0.0001));

		// arms, and the lift of each variant over the holdout
		assertThat(funnel.arms()).extracting(JourneyFigures.Arm::variant, JourneyFigures.Arm::holdout)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("a", false),
					org.assertj.core.groups.Tuple.tuple("b", false), org.assertj.core.groups.Tuple.tuple(null, true));
		for (JourneyFigures.Arm arm : funnel.arms()) {
			String name = arm.holdout() ? "holdout" : arm.variant();
			assertThat(arm.entered()).as(name).isEqualTo(arms.get(name)[0]);
			assertThat(arm.converted()).as(name).isEqualTo(arms.get(name)[1]);
			assertThat(arm.revenue()).as(name).isEqualByComparingTo(revenue.getOrDefault(name, BigDecimal.ZERO));
		}
		JourneyFigures.Arm a = funnel.arms().get(0);
		double pa = (double) arms.get("a")[1] / arms.get("a")[0];
		double ph = (double) arms.get("holdout")[1] / held;
		double se = Math.sqrt(pa * (1 - pa) / arms.get("a")[0] + ph * (1 - ph) / held);
		assertThat(a.lift().difference()).isCloseTo(pa - ph, within(1e-6));
		assertThat(a.lift().low95()).isCloseTo(pa - ph - 1.96 * se, within(1e-3));
		assertThat(a.lift().high95()).isCloseTo(pa - ph + 1.96 * se, within(1e-3));
		assertThat(funnel.arms().get(2).lift()).isNull();

		// the layer report: who was pushed and who brought the sales (all of the launch's
		// customers', the holdout's too), per layer
		JourneyFigures.LayerReport layers = this.figures
			.layers(new JourneyFigures.Filter(KEY, null, null, null, launchId), "figures-tier");
		int pushed = pushedByLayer[0] + pushedByLayer[1];
		BigDecimal launchRevenue = revenueByLayer[0].add(revenueByLayer[1]);
		assertThat(layers.pushed()).isEqualTo(pushed);
		assertThat(layers.layers()).extracting(JourneyFigures.Layer::layer).containsExactly("HIGH", "LOW");
		JourneyFigures.Layer high = layers.layers().get(0);
		assertThat(high.entered()).isEqualTo(30);
		assertThat(high.pushed()).isEqualTo(pushedByLayer[0]);
		assertThat(high.shareOfPushed()).isCloseTo((double) pushedByLayer[0] / pushed, within(1e-6));
		assertThat(layers.revenue()).isEqualByComparingTo(launchRevenue);
		assertThat(high.revenue()).isEqualByComparingTo(revenueByLayer[0]);
		assertThat(high.shareOfRevenue()).isCloseTo(revenueByLayer[0].doubleValue() / launchRevenue.doubleValue(),
				within(1e-6));

		// a window of entry that holds none of them
		assertThat(this.figures
			.funnel(new JourneyFigures.Filter(KEY, null, T0.plus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC), null,
					launchId))
			.totals()
			.entered()).isZero();
	}

	private static JourneyFigures.Activity activity(JourneyFigures.Funnel funnel, String id) {
		return funnel.activities()
			.stream()
			.filter((activity) -> activity.activityId().equals(id))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no activity " + id + " in " + funnel.activities()));
	}

}
