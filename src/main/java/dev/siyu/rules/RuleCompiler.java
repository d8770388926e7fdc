package dev.siyu.rules;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.io.ResourceType;

/**
 * Compiles one rule file (DRL or a {@code .drl.csv} decision table) into its own rule
 * base. Each compilation gets a fresh release id and is dropped from Drools' in-memory
 * repository once its rule base exists, so redeploying rules does not grow memory.
 */
final class RuleCompiler {

	private static final AtomicLong BUILDS = new AtomicLong();

	/** Drools' echo of a parse error already reported with its line. */
	private static final String NULL_PACKAGE = "Parser returned a null Package";

	private RuleCompiler() {
	}

	static boolean isRuleResource(String name) {
		return name.endsWith(".drl") || name.endsWith(".drl.csv") || name.endsWith(".drl.xlsx");
	}

	/** The rule set a resource holds: its file name without folder and suffix. */
	static String ruleSetName(String resourceName) {
		String file = resourceName.substring(resourceName.lastIndexOf('/') + 1);
		return file.replaceFirst("\\.drl(\\.csv|\\.xlsx)?$", "");
	}

	static CompiledRules compile(String resourceName, byte[] content) {
		KieServices kie = KieServices.Factory.get();
		ReleaseId releaseId = kie.newReleaseId("dev.siyu.rules", "ruleset-" + BUILDS.incrementAndGet(), "1.0.0");
		KieFileSystem files = kie.newKieFileSystem();
		files.generateAndWritePomXML(releaseId);
		String file = resourceName.substring(resourceName.lastIndexOf('/') + 1);
		files.write("src/main/resources/rules/" + file,
				kie.getResources().newByteArrayResource(content).setResourceType(type(file)));
		ClassLoader classLoader = RuleCompiler.class.getClassLoader();
		KieBuilder builder = kie.newKieBuilder(files, classLoader).buildAll(ExecutableModelProject.class);
		List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
		if (!errors.isEmpty()) {
			List<RuleCompilationException.Problem> problems = errors.stream()
				.filter((m) -> errors.size() == 1 || !m.getText().contains(NULL_PACKAGE))
				.map((m) -> new RuleCompilationException.Problem(m.getLine(), m.getColumn(), m.getText()))
				.toList();
			throw new RuleCompilationException(resourceName, (type(file) == ResourceType.DTABLE)
					? DecisionTableProblems.onRows(file, content, problems) : problems);
		}
		try {
			return CompiledRules.of(kie.newKieContainer(releaseId, classLoader).getKieBase());
		}
		finally {
			kie.getRepository().removeKieModule(releaseId);
		}
	}

	private static ResourceType type(String file) {
		if (file.endsWith(".drl")) {
			return ResourceType.DRL;
		}
		return ResourceType.DTABLE;
	}

}
