package dev.siyu.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Compiles the rule files of every new deployment before Camunda accepts it. A file that
 * does not compile fails the whole deployment (journeys included) with the file, line and
 * message, so the rules in use stay in use. Deployments Camunda reloads into its cache
 * are not compiled again.
 */
class RuleDeployer implements Deployer {

	private final ApplicationEventPublisher events;

	RuleDeployer(ApplicationEventPublisher events) {
		this.events = events;
	}

	/** Published when a deployment holding rules has been committed. */
	record RulesDeployed(String deploymentName) {
	}

	@Override
	public void deploy(DeploymentEntity deployment) {
		if (!deployment.isNew()) {
			return;
		}
		boolean rules = false;
		Map<String, String> ruleSets = new HashMap<>();
		for (ResourceEntity resource : deployment.getResources().values()) {
			if (RuleCompiler.isRuleResource(resource.getName())) {
				String twin = ruleSets.put(RuleCompiler.ruleSetName(resource.getName()), resource.getName());
				if (twin != null) {
					throw new ParseException(
							twin + " and " + resource.getName() + " both define the rule set '"
									+ RuleCompiler.ruleSetName(twin) + "': keep one",
							resource.getName(), List.of(), List.of());
				}
			}
		}
		for (ResourceEntity resource : deployment.getResources().values()) {
			if (!RuleCompiler.isRuleResource(resource.getName())) {
				continue;
			}
			rules = true;
			try {
				RuleCompiler.compile(resource.getName(), resource.getBytes());
			}
			catch (RuleCompilationException ex) {
				List<Problem> problems = new ArrayList<>();
				ex.problems().forEach((p) -> problems.add(new RuleProblem(p)));
				throw new ParseException(ex.getMessage(), resource.getName(), problems, List.of());
			}
		}
		if (rules) {
			// told once the deployment is in the database, so a rule set read again then
			// finds it
			RulesDeployed deployed = new RulesDeployed(deployment.getName());
			Context.getCommandContext()
				.getTransactionContext()
				.addTransactionListener(TransactionState.COMMITTED, (context) -> this.events.publishEvent(deployed));
		}
	}

	private record RuleProblem(RuleCompilationException.Problem problem) implements Problem {

		@Override
		public String getMessage() {
			return this.problem.message().strip();
		}

		@Override
		public int getLine() {
			return this.problem.line();
		}

		@Override
		public int getColumn() {
			return this.problem.column();
		}

		@Override
		public String getMainElementId() {
			return null;
		}

		@Override
		public List<String> getElementIds() {
			return List.of();
		}

	}

}
