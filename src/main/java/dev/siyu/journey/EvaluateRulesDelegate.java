package dev.siyu.journey;

import dev.siyu.rules.RuleBinding;
import dev.siyu.rules.RuleEvaluator;
import dev.siyu.rules.RuleSets;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A business-rule step: runs the rule set named by the input parameter {@code ruleSet}
 * (bound by {@code binding}: latest, deployment or version with {@code version}) on the
 * customer, and writes the decision to {@code resultVariable} and the deciding rule to
 * {@code <resultVariable>Rule}. An optional {@code purpose} tells rule sets such as the
 * offer table why they are asked.
 */
@Component("evaluateRules")
class EvaluateRulesDelegate implements JavaDelegate {

	private final RuleSets ruleSets;

	private final RuleEvaluator evaluator;

	EvaluateRulesDelegate(RuleSets ruleSets, RuleEvaluator evaluator) {
		this.ruleSets = ruleSets;
		this.evaluator = evaluator;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String ruleSet = (String) StepSettings.get(execution, "ruleSet");
		String resultVariable = (String) StepSettings.get(execution, "resultVariable");
		if (ruleSet == null || resultVariable == null) {
			throw new IllegalStateException(
					execution.getCurrentActivityId() + " needs the input parameters 'ruleSet' and 'resultVariable'");
		}
		RuleBinding binding = RuleBinding.parse((String) StepSettings.get(execution, "binding"));
		Object version = StepSettings.get(execution, "version");
		String deploymentId = JourneyDefinitions.definitionOf(execution).getDeploymentId();
		RuleSets.Resolved resolved = this.ruleSets.resolve(ruleSet, binding, deploymentId,
				(version != null) ? Integer.valueOf(version.toString()) : null);
		RuleEvaluator.Outcome outcome = this.evaluator.evaluate(resolved, execution.getProcessBusinessKey(),
				(String) StepSettings.get(execution, "purpose"));
		if (outcome.value() == null) {
			throw new IllegalStateException("Rule set '" + ruleSet + "' version " + resolved.version()
					+ " decided nothing for this customer: add a rule or row that covers her");
		}
		execution.setVariable(resultVariable, outcome.value());
		execution.setVariable(resultVariable + "Rule", outcome.rule());
	}

}
