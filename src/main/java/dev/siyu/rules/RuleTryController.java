package dev.siyu.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.siyu.system.InvalidInputException;
import dev.siyu.system.SiyuClock;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs a rule set on a customer (stored, or described in the request) or a group, and
 * stores nothing: for marketers to try a rule change before journeys use it.
 */
@RestController
class RuleTryController {

	private final RuleSets ruleSets;

	private final RuleEvaluator evaluator;

	private final CustomerFactsLoader loader;

	private final SiyuClock clock;

	RuleTryController(RuleSets ruleSets, RuleEvaluator evaluator, CustomerFactsLoader loader, SiyuClock clock) {
		this.ruleSets = ruleSets;
		this.evaluator = evaluator;
		this.loader = loader;
		this.clock = clock;
	}

	@PostMapping("/api/rules/evaluate")
	Result evaluate(@Valid @RequestBody Request request) {
		int subjects = ((request.customerId() != null) ? 1 : 0) + ((request.customer() != null) ? 1 : 0)
				+ ((request.group() != null) ? 1 : 0);
		if (subjects != 1) {
			throw new InvalidInputException("Send exactly one of 'customerId' (a stored customer), 'customer' "
					+ "(facts described here) or 'group'");
		}
		RuleSets.Resolved resolved;
		try {
			resolved = this.ruleSets.resolve(request.ruleSet(), RuleBinding.parse(request.binding()), null,
					request.version());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException(ex.getMessage());
		}
		CustomerFactsLoader.Subject subject = (request.customerId() != null) ? this.loader.load(request.customerId())
				: (request.customer() != null) ? request.customer().subject(this.clock.now())
						: CustomerFactsLoader.Subject.group(request.group().facts());
		RuleEvaluator.Outcome outcome = this.evaluator.evaluate(resolved, subject, request.purpose());
		return new Result(resolved.ruleSet(), resolved.version(), resolved.deploymentId(), outcome.value(),
				outcome.rule(), outcome.tags());
	}

	record Request(@NotBlank String ruleSet, String binding, Integer version, String purpose, String customerId,
			@Valid CustomerInput customer, @Valid GroupInput group) {
	}

	record Result(String ruleSet, int version, String deploymentId, String value, String rule, Set<String> tags) {
	}

	record CustomerInput(String id, OffsetDateTime joinedAt, boolean followsOfficialAccount, boolean wecomFriend,
			Set<String> tags, List<@Valid OrderInput> orders, List<OffsetDateTime> logins,
			List<OffsetDateTime> interactions, List<OffsetDateTime> activities, List<@Valid ReplyInput> replies,
			Map<String, Object> answers) {

		CustomerFactsLoader.Subject subject(Instant now) {
			CustomerFacts.Builder facts = CustomerFacts.builder((this.id != null) ? this.id : "trial", now)
				.joined((this.joinedAt != null) ? this.joinedAt.toInstant() : now)
				.follows(this.followsOfficialAccount)
				.wecomFriend(this.wecomFriend)
				.tags((this.tags != null) ? this.tags : Set.of());
			for (OrderInput order : nonNull(this.orders)) {
				facts.order(order.orderedAt().toInstant(), order.amount(),
						order.items().stream().map(ItemInput::sku).collect(Collectors.toSet()));
			}
			nonNull(this.logins).forEach((at) -> facts.login(at.toInstant()));
			nonNull(this.interactions).forEach((at) -> facts.interaction(at.toInstant()));
			nonNull(this.activities).forEach((at) -> facts.activity(at.toInstant()));
			nonNull(this.replies)
				.forEach((reply) -> facts.reply(reply.at().toInstant(), reply.topicId(), reply.length()));
			return new CustomerFactsLoader.Subject(facts.build(), CustomerFactsLoader.answers(this.answers), null);
		}

		private static <T> List<T> nonNull(List<T> list) {
			return (list != null) ? list : List.of();
		}

	}

	record OrderInput(@NotNull OffsetDateTime orderedAt, @NotNull @PositiveOrZero BigDecimal amount,
			@NotNull List<@Valid ItemInput> items) {
	}

	record ItemInput(@NotBlank String sku) {
	}

	record ReplyInput(@NotNull OffsetDateTime at, String topicId, @PositiveOrZero int length) {
	}

	record GroupInput(@NotBlank String groupId, @PositiveOrZero int members, @PositiveOrZero int activeMembers,
			@PositiveOrZero int messages, @PositiveOrZero int adMessages) {

		GroupFacts facts() {
			return new GroupFacts(this.groupId, this.members, this.activeMembers, this.messages, this.adMessages);
		}

	}

}
