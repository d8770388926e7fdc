package dev.siyu.journey;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys {@code processes/} and {@code rules/} at start-up as one Camunda deployment
 * with stable resource names ({@code processes/ad-to-purchase.bpmn},
 * {@code rules/offer-by-layer.drl}). Nothing is deployed when nothing changed; when
 * anything changed, all files are deployed together, so a journey bound to its own
 * deployment's rules finds them beside it.
 */
@Component
class JourneyDeployer implements SmartInitializingSingleton {

	static final String DEPLOYMENT_NAME = "siyu";

	private static final Logger log = LoggerFactory.getLogger(JourneyDeployer.class);

	private static final String[] PATTERNS = { "classpath*:processes/*.bpmn", "classpath*:rules/*.drl",
			"classpath*:rules/*.drl.csv", "classpath*:rules/*.drl.xlsx" };

	private final RepositoryService repository;

	private final ResourcePatternResolver resources;

	JourneyDeployer(RepositoryService repository, ResourcePatternResolver resources) {
		this.repository = repository;
		this.resources = resources;
	}

	@Override
	public void afterSingletonsInstantiated() {
		DeploymentBuilder deployment = this.repository.createDeployment()
			.name(DEPLOYMENT_NAME)
			.source("siyu start-up")
			.enableDuplicateFiltering(false);
		List<String> names = new ArrayList<>();
		for (String pattern : PATTERNS) {
			String folder = pattern.substring("classpath*:".length(), pattern.indexOf('/') + 1);
			for (Resource resource : find(pattern)) {
				String name = folder + resource.getFilename();
				try (InputStream in = resource.getInputStream()) {
					deployment.addInputStream(name, in);
				}
				catch (IOException ex) {
					throw new IllegalStateException("Cannot read " + name, ex);
				}
				names.add(name);
			}
		}
		DeploymentWithDefinitions deployed = deployment.deployWithResult();
		log.info("Journeys and rules {}: {}",
				deployed.getDeployedProcessDefinitions() == null || deployed.getDeployedProcessDefinitions().isEmpty()
						? "unchanged" : "deployed as " + deployed.getId(),
				names);
	}

	private Resource[] find(String pattern) {
		try {
			return this.resources.getResources(pattern);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list " + pattern, ex);
		}
	}

}
