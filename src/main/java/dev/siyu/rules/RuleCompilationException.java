package dev.siyu.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule file that does not compile, with each problem's line so the author can find it.
 */
public class RuleCompilationException extends RuntimeException {

	private final String resource;

	private final List<Problem> problems;

	RuleCompilationException(String resource, List<Problem> problems) {
		super(resource + " does not compile: "
				+ problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
		this.resource = resource;
		this.problems = List.copyOf(problems);
	}

	public String resource() {
		return this.resource;
	}

	public List<Problem> problems() {
		return this.problems;
	}

	public record Problem(int line, int column, String message) {

		@Override
		public String toString() {
			String text = this.message.strip();
			return text.startsWith("row ") ? text : "line " + this.line + ": " + text;
		}

	}

}
