package dev.siyu.rules;

import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.OrderRepository;
import dev.siyu.system.SiyuClock;
import org.kie.api.KieBase;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.springframework.stereotype.Service;

/**
 * Runs a rule set on one customer's current data: a fresh session per evaluation,
 * disposed after.
 */
@Service
public class RuleEvaluator {

	private final RuleSets ruleSets;

	private final CustomerRepository customers;

	private final OrderRepository orders;

	private final SiyuClock clock;

	RuleEvaluator(RuleSets ruleSets, CustomerRepository customers, OrderRepository orders, SiyuClock clock) {
		this.ruleSets = ruleSets;
		this.customers = customers;
		this.orders = orders;
		this.clock = clock;
	}

	public record Outcome(String value, String rule, RuleSets.Resolved ruleSet) {
	}

	public Outcome evaluate(RuleSets.Resolved ruleSet, String customerId) {
		Customer customer = this.customers.find(customerId)
			.orElseThrow(() -> new IllegalArgumentException("No customer '" + customerId + "'"));
		CustomerFacts facts = CustomerFacts.of(customer, this.orders.findByCustomer(customerId), this.clock.now());
		Decision decision = evaluate(ruleSet, facts);
		return new Outcome(decision.getValue(), decision.getRule(), ruleSet);
	}

	public Decision evaluate(RuleSets.Resolved ruleSet, Object... facts) {
		return decide(this.ruleSets.kieBase(ruleSet), facts);
	}

	/**
	 * One evaluation: a fresh session with the facts and a decision holder, disposed
	 * after.
	 */
	static Decision decide(KieBase rules, Object... facts) {
		Decision decision = new Decision();
		KieSession session = rules.newKieSession();
		try {
			session.addEventListener(new DefaultAgendaEventListener() {
				@Override
				public void beforeMatchFired(BeforeMatchFiredEvent event) {
					decision.firing(event.getMatch().getRule().getName());
				}
			});
			for (Object fact : facts) {
				session.insert(fact);
			}
			session.insert(decision);
			session.fireAllRules();
		}
		finally {
			session.dispose();
		}
		return decision;
	}

}
