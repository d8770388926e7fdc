package dev.siyu.rules;

import org.kie.api.KieBase;
import org.kie.api.runtime.KieSessionsPool;

/**
 * A compiled rule set. Decision tables name their result holder as the global
 * {@code decision}; DRL files match it as a fact. Both get the same {@link Decision}.
 */
record CompiledRules(KieBase kieBase, boolean declaresDecisionGlobal, KieSessionsPool sessions) {

	static CompiledRules of(KieBase kieBase) {
		boolean global = kieBase.getKiePackages()
			.stream()
			.flatMap((rulePackage) -> rulePackage.getGlobalVariables().stream())
			.anyMatch((variable) -> "decision".equals(variable.getName()));
		return new CompiledRules(kieBase, global, kieBase.newKieSessionsPool(4));
	}

}
