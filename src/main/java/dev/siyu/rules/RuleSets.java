package dev.siyu.rules;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.springframework.context.event.EventListener;
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

	private final Map<String, CompiledRules> compiled = new ConcurrentHashMap<>();

	static final Duration DEPLOYMENTS_TTL = Duration.ofSeconds(5);

	private volatile Cached deployments;

	private final AtomicLong generation = new AtomicLong();

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

	/** The newest deployed version of the rule set, if any is deployed. */
	public Optional<Resolved> findLatest(String ruleSet) {
		List<Deployment> holding = deploymentsHolding(ruleSet);
		return holding.isEmpty() ? Optional.empty() : Optional.of(at(ruleSet, holding, holding.size()));
	}

	CompiledRules compiled(Resolved resolved) {
		return this.compiled.computeIfAbsent(resolved.deploymentId() + "|" + resolved.resourceName(),
				(key) -> RuleCompiler.compile(resolved.resourceName(), read(resolved)));
	}

	/**
	 * Deployments that hold the rule set, oldest first: the position is the rule set's
	 * version.
	 */
	private List<Deployment> deploymentsHolding(String ruleSet) {
		return deployments().stream()
			.filter((deployment) -> resourceName(deployment.getId(), ruleSet).isPresent())
			.toList();
	}

	/**
	 * All deployments, oldest first, read again after rules were deployed on this node or
	 * after {@link #DEPLOYMENTS_TTL}, when another node may have deployed. A list read
	 * while a deployment committed is not kept.
	 */
	private List<Deployment> deployments() {
		Cached cached = this.deployments;
		long now = System.nanoTime();
		if (cached == null || now - cached.readAt() > DEPLOYMENTS_TTL.toNanos()) {
			long generation = this.generation.get();
			cached = new Cached(this.repository.createDeploymentQuery().orderByDeploymentTime().asc().list(), now);
			if (this.generation.get() == generation) {
				this.deployments = cached;
			}
		}
		return cached.deployments();
	}

	@EventListener
	void rulesDeployed(RuleDeployer.RulesDeployed deployed) {
		this.generation.incrementAndGet();
		this.deployments = null;
	}

	private record Cached(List<Deployment> deployments, long readAt) {
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
