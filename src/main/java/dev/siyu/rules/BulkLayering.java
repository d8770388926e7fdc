package dev.siyu.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import dev.siyu.system.SiyuClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts every customer in her layers with the layering rule sets deployed now, and stores
 * them for audiences and dashboards. Runs nightly and on demand, one run at a time across
 * all nodes, a page of customers per transaction, so a run that dies leaves every page it
 * finished in place.
 */
@Service
public class BulkLayering {

	private static final Logger log = LoggerFactory.getLogger(BulkLayering.class);

	static final int PAGE = 2000;

	private final RuleSets ruleSets;

	private final CustomerFactsPages pages;

	private final LayerStore store;

	private final TransactionTemplate transaction;

	private final SiyuClock clock;

	private final Executor executor;

	BulkLayering(RuleSets ruleSets, CustomerFactsPages pages, LayerStore store, TransactionTemplate transaction,
			SiyuClock clock, @Qualifier("layeringExecutor") Executor executor) {
		this.ruleSets = ruleSets;
		this.pages = pages;
		this.store = store;
		this.transaction = transaction;
		this.clock = clock;
		this.executor = executor;
	}

	@Scheduled(cron = "${siyu.layers.cron:0 30 2 * * *}", zone = "${siyu.layers.zone:Asia/Shanghai}")
	void nightly() {
		start("nightly");
	}

	/**
	 * Starts a run in the background. Returns its id, or empty if another run is under
	 * way.
	 */
	public Optional<Long> start(String trigger) {
		long runId = this.store.newRun(trigger);
		if (!this.store.lock(runId)) {
			this.store.finished(runId, "SKIPPED", "another layering run is under way");
			return Optional.empty();
		}
		this.executor.execute(() -> run(runId));
		return Optional.of(runId);
	}

	/**
	 * Runs now, in this thread. Returns the number of customers layered, or empty if
	 * another run is under way.
	 */
	public Optional<Integer> runNow(String trigger) {
		long runId = this.store.newRun(trigger);
		if (!this.store.lock(runId)) {
			this.store.finished(runId, "SKIPPED", "another layering run is under way");
			return Optional.empty();
		}
		return Optional.of(run(runId));
	}

	private int run(long runId) {
		int customers = 0;
		try {
			List<RuleSets.Resolved> layers = new ArrayList<>();
			for (String name : RuleEvaluator.LAYERS) {
				this.ruleSets.findLatest(name).ifPresent(layers::add);
			}
			List<CompiledRules> compiled = layers.stream().map(this.ruleSets::compiled).toList();
			this.store.started(runId,
					layers.stream().map((r) -> r.ruleSet() + " v" + r.version()).collect(Collectors.joining(", ")));
			String after = null;
			while (true) {
				List<CustomerFacts> page = this.pages.page(after, PAGE, this.clock.now());
				if (page.isEmpty()) {
					break;
				}
				List<LayerStore.StoredLayer> results = new ArrayList<>(page.size() * layers.size());
				for (CustomerFacts customer : page) {
					for (int i = 0; i < layers.size(); i++) {
						Decision decision = RuleEvaluator.decide(compiled.get(i), List.of(customer));
						results.add(new LayerStore.StoredLayer(customer.getCustomerId(), layers.get(i).ruleSet(),
								decision.getValue(), decision.getRule(), layers.get(i).version()));
					}
				}
				List<String> ids = page.stream().map(CustomerFacts::getCustomerId).toList();
				this.transaction.executeWithoutResult((status) -> this.store.replace(ids, results));
				customers += page.size();
				after = ids.get(ids.size() - 1);
				this.store.progress(runId, customers);
			}
			this.store.finished(runId, "DONE", null);
			log.info("Layering run {} put {} customers in {} layers", runId, customers, layers.size());
			return customers;
		}
		catch (RuntimeException ex) {
			this.store.finished(runId, "FAILED", ex.getMessage());
			log.error("Layering run {} failed after {} customers", runId, customers, ex);
			throw ex;
		}
		finally {
			this.store.unlock(runId);
		}
	}

}
