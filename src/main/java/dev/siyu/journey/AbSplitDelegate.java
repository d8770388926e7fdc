package dev.siyu.journey;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * An A/B split: puts the customer in one of the {@code variants} (comma-separated) with
 * the {@code weights} given (comma-separated, same count; equal weights when left out)
 * and writes the variant to {@code resultVariable} (default {@code variant}). The choice
 * is a hash of customer and journey, not a dice roll, so a retried or re-entered step
 * puts her in the same variant. A customer whose launch already put her in one of these
 * variants (the variable {@code variant}, an experiment of the launch) keeps it.
 */
@Component("abSplit")
class AbSplitDelegate implements JavaDelegate {

	private final Enrolments enrolments;

	AbSplitDelegate(Enrolments enrolments) {
		this.enrolments = enrolments;
	}

	@Override
	public void execute(DelegateExecution execution) {
		List<String> variants = split(execution.getVariableLocal("variants"));
		if (variants.size() < 2) {
			throw new IllegalStateException(execution.getCurrentActivityId() + " needs at least two 'variants'");
		}
		List<String> weightTexts = split(execution.getVariableLocal("weights"));
		int[] weights = weightTexts.isEmpty() ? variants.stream().mapToInt((v) -> 1).toArray()
				: weightTexts.stream().mapToInt(Integer::parseInt).toArray();
		if (weights.length != variants.size() || Arrays.stream(weights).anyMatch((w) -> w < 0)
				|| Arrays.stream(weights).sum() == 0) {
			throw new IllegalStateException(
					execution.getCurrentActivityId() + " needs one non-negative weight per variant, not all zero");
		}
		Object result = execution.getVariableLocal("resultVariable");
		String resultVariable = (result != null) ? result.toString() : JourneyVariables.VARIANT;
		Object launched = execution.getVariable(JourneyVariables.VARIANT);
		if (launched instanceof String variant && variants.contains(variant)) {
			choose(execution, resultVariable, variant);
			return;
		}
		CRC32 hash = new CRC32();
		String key = JourneyDefinitions.definitionOf(execution).getKey() + "|" + execution.getProcessBusinessKey() + "|"
				+ execution.getCurrentActivityId();
		hash.update(key.getBytes(StandardCharsets.UTF_8));
		long point = hash.getValue() % Arrays.stream(weights).sum();
		String chosen = variants.get(variants.size() - 1);
		for (int i = 0; i < weights.length; i++) {
			if (point < weights[i]) {
				chosen = variants.get(i);
				break;
			}
			point -= weights[i];
		}
		choose(execution, resultVariable, chosen);
	}

	/**
	 * Sets the variant; the journey's own experiment arm ({@code variant}) is also kept
	 * with its entry, for the figures per variant.
	 */
	private void choose(DelegateExecution execution, String resultVariable, String variant) {
		execution.setVariable(resultVariable, variant);
		if (JourneyVariables.VARIANT.equals(resultVariable)) {
			this.enrolments.split(execution.getProcessInstanceId(), variant);
		}
	}

	private static List<String> split(Object value) {
		if (value == null || value.toString().isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.toString().split(",")).map(String::trim).toList();
	}

}
