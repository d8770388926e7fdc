package dev.siyu.rules;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.kie.api.KieBase;
import org.springframework.stereotype.Component;

/**
 * Finds the deployed version of a rule set a caller is bound to and keeps one compiled
 * rule base per deployed rule file. Rule files are Camunda deployment resources, so they
 * are versioned, shared by every node through the database, and visible in Cockpit beside
 * the journeys.
 */
@Component
public class RuleSets {

	private final RepositoryService repository;

	private final Map<String, KieBase> compiled = new ConcurrentHashMap<>();

	/** A deployment's resources never change, so their names are read once. */
	private final Map<String, List<String>> resourceNames = new ConcurrentHashMap<>();

	RuleSets(RepositoryService repository) {
		this.repository = repository;
	}

	/** A rule set resolved to one deployed file. */
	public record Resolved(String ruleSet, String deploymentId, String resourceName, int version) {
	}

	public Resolved resolve(String ruleSet, RuleBinding binding, String callerDeploymentId, Integer version) {
		List<Deployment> holding = deploymentsHolding(ruleSet);
		Optional<Resolved> resolved = switch (binding) {
			case LATEST -> holding.isEmpty() ? Optional.empty() : Optional.of(at(ruleSet, holding, holding.size()));
			case DEPLOYMENT -> {
				for (int i = 0; i < holding.size(); i++) {
					if (holding.get(i).getId().equals(callerDeploymentId)) {
						yield Optional.of(at(ruleSet, holding, i + 1));
					}
				}
				yield Optional.empty();
			}
			case VERSION -> (version != null && version >= 1 && version <= holding.size())
					? Optional.of(at(ruleSet, holding, version)) : Optional.empty();
		};
		return resolved.orElseThrow(() -> new IllegalArgumentException("No rule set '" + ruleSet + "' for binding "
				+ binding + ((binding == RuleBinding.VERSION) ? " " + version : "") + "; deployed versions: "
				+ holding.size()));
	}

	public KieBase kieBase(Resolved resolved) {
		return this.compiled.computeIfAbsent(resolved.deploymentId() + "|" + resolved.resourceName(),
				(key) -> RuleCompiler.compile(resolved.resourceName(), read(resolved)));
	}

	/**
	 * Deployments that hold the rule set, oldest first: the position is the rule set's
	 * version.
	 */
	private List<Deployment> deploymentsHolding(String ruleSet) {
		return this.repository.createDeploymentQuery()
			.orderByDeploymentTime()
			.asc()
			.list()
			.stream()
			.filter((deployment) -> resourceName(deployment.getId(), ruleSet).isPresent())
			.toList();
	}

	private Resolved at(String ruleSet, List<Deployment> holding, int version) {
		String deploymentId = holding.get(version - 1).getId();
		return new Resolved(ruleSet, deploymentId, resourceName(deploymentId, ruleSet).orElseThrow(), version);
	}

	private Optional<String> resourceName(String deploymentId, String ruleSet) {
		return this.resourceNames.computeIfAbsent(deploymentId, this.repository::getDeploymentResourceNames)
			.stream()
			.filter(RuleCompiler::isRuleResource)
			.filter((name) -> RuleCompiler.ruleSetName(name).equals(ruleSet))
			.findFirst();
	}

	private byte[] read(Resolved resolved) {
		try (InputStream in = this.repository.getResourceAsStream(resolved.deploymentId(), resolved.resourceName())) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + resolved.resourceName(), ex);
		}
	}

}
