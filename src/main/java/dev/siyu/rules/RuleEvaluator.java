package dev.siyu.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.springframework.stereotype.Service;

/**
 * Runs a rule set on one subject: a fresh session per evaluation, disposed after. Rule
 * sets that decide from layers (offers) see the customer's layers too, computed by the
 * layering rule sets currently deployed.
 */
@Service
public class RuleEvaluator {

	/** The rule sets that put customers in layers, in the order they are shown. */
	public static final List<String> LAYERS = List.of("rfm", "activity", "spend-tier", "hero-tier", "koc");

	private final RuleSets ruleSets;

	private final CustomerFactsLoader loader;

	RuleEvaluator(RuleSets ruleSets, CustomerFactsLoader loader) {
		this.ruleSets = ruleSets;
		this.loader = loader;
	}

	/**
	 * @param value the decision, or the tags joined by commas for rule sets that only tag
	 * @param rule the rule (or decision-table row) that decided
	 */
	public record Outcome(String value, String rule, Set<String> tags, RuleSets.Resolved ruleSet) {
	}

	public Outcome evaluate(RuleSets.Resolved ruleSet, String customerId, String purpose) {
		return evaluate(ruleSet, this.loader.load(customerId), purpose);
	}

	public Outcome evaluate(RuleSets.Resolved ruleSet, CustomerFactsLoader.Subject subject, String purpose) {
		List<Object> facts = new ArrayList<>();
		if (subject.customer() != null) {
			facts.add(subject.customer());
			if (!LAYERS.contains(ruleSet.ruleSet())) {
				Map<String, String> values = new LinkedHashMap<>();
				layers(subject.customer()).forEach((name, outcome) -> values.put(name, outcome.value()));
				facts.add(new CustomerLayers(values));
			}
		}
		facts.addAll(subject.answers());
		if (subject.group() != null) {
			facts.add(subject.group());
		}
		facts.add(new RuleContext(purpose));
		Decision decision = decide(this.ruleSets.compiled(ruleSet), facts);
		String value = (decision.getValue() != null || decision.getTags().isEmpty()) ? decision.getValue()
				: String.join(",", decision.getTags());
		return new Outcome(value, decision.getRule(), Set.copyOf(decision.getTags()), ruleSet);
	}

	/**
	 * Runs the newest deployed version of the rule set on facts of the caller's making
	 * (an invitation, say). Empty when the rule set is not deployed.
	 */
	public Optional<Outcome> evaluateLatest(String ruleSet, Object... facts) {
		return this.ruleSets.findLatest(ruleSet).map((resolved) -> {
			Decision decision = decide(this.ruleSets.compiled(resolved), List.of(facts));
			return new Outcome(decision.getValue(), decision.getRule(), Set.copyOf(decision.getTags()), resolved);
		});
	}

	/**
	 * The customer's layers by the latest deployed layering rule sets; a rule set not
	 * deployed is left out.
	 */
	public Map<String, Outcome> layers(CustomerFacts customer) {
		Map<String, Outcome> layers = new LinkedHashMap<>();
		for (String name : LAYERS) {
			this.ruleSets.findLatest(name).ifPresent((resolved) -> {
				Decision decision = decide(this.ruleSets.compiled(resolved), List.of(customer));
				layers.put(name,
						new Outcome(decision.getValue(), decision.getRule(), Set.copyOf(decision.getTags()), resolved));
			});
		}
		return layers;
	}

	/**
	 * One evaluation: the facts and a fresh decision holder in a session borrowed from
	 * the rule set's pool and given back reset. Creating a Drools session costs more than
	 * most evaluations.
	 */
	static Decision decide(CompiledRules rules, Collection<?> facts) {
		Decision decision = new Decision();
		KieSession session = rules.sessions().newKieSession();
		AgendaEventListener firing = new DefaultAgendaEventListener() {
			@Override
			public void beforeMatchFired(BeforeMatchFiredEvent event) {
				decision.firing(event.getMatch().getRule().getName());
			}
		};
		session.addEventListener(firing);
		try {
			if (rules.declaresDecisionGlobal()) {
				session.setGlobal("decision", decision);
			}
			for (Object fact : facts) {
				session.insert(fact);
			}
			session.insert(decision);
			session.fireAllRules();
		}
		finally {
			session.removeEventListener(firing);
			session.dispose();
		}
		return decision;
	}

}
