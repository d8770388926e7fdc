package dev.siyu.journey;

import java.util.HashMap;
import java.util.Map;

import dev.siyu.customer.CustomerRepository;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/**
 * Starts a journey for one customer by its key, through the enrolment guard: a customer
 * the journey's re-entry policy does not let in is skipped, so a repeated launch creates
 * no twins. Runs in the caller's transaction.
 */
@Service
public class JourneyStarter {

	private final RepositoryService repository;

	private final RuntimeService runtime;

	private final JourneyDefinitions definitions;

	private final Enrolments enrolments;

	private final CustomerRepository customers;

	JourneyStarter(RepositoryService repository, RuntimeService runtime, JourneyDefinitions definitions,
			Enrolments enrolments, CustomerRepository customers) {
		this.customers = customers;
		this.repository = repository;
		this.runtime = runtime;
		this.definitions = definitions;
		this.enrolments = enrolments;
	}

	/**
	 * The latest version of the journey, or an error naming the key that is not deployed.
	 */
	public ProcessDefinition latest(String journeyKey) {
		ProcessDefinition definition = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(journeyKey)
			.latestVersion()
			.singleResult();
		if (definition == null) {
			throw new IllegalArgumentException("No journey '" + journeyKey + "' is deployed");
		}
		return definition;
	}

	/**
	 * Starts the journey for the customer unless its re-entry policy says no. Returns
	 * whether it started.
	 */
	public boolean start(ProcessDefinition definition, String customerId, Map<String, Object> variables) {
		JourneyDefinitions.Journey journey = this.definitions.get(definition.getId());
		// as intake does, so the two never wait on each other's enrolment and lock in
		// turn
		this.customers.lock(customerId);
		return this.enrolments.enrol(journey, customerId).map((enrolment) -> {
			Map<String, Object> start = new HashMap<>(variables);
			start.put(JourneyVariables.CUSTOMER_ID, customerId);
			ProcessInstance instance = this.runtime.startProcessInstanceById(definition.getId(), customerId, start);
			this.enrolments.started(enrolment, instance, start);
			return true;
		}).orElse(false);
	}

}
