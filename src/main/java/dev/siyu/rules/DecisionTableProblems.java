package dev.siyu.rules;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * Drools reports a broken decision table against the rules it generated from it.
 * Marketers edit the spreadsheet, so each problem is moved back to the row that produced
 * the rule.
 */
final class DecisionTableProblems {

	private static final Pattern ROW = Pattern.compile("^// rule values at [A-Z]+(\\d+),");

	private static final Pattern EXPRESSION = Pattern.compile("Expression (.+?):");

	private DecisionTableProblems() {
	}

	static List<RuleCompilationException.Problem> onRows(String file, byte[] content,
			List<RuleCompilationException.Problem> problems) {
		List<Block> blocks;
		try {
			blocks = blocks(new SpreadsheetCompiler().compile(new ByteArrayInputStream(content),
					file.endsWith(".xlsx") ? InputType.XLS : InputType.CSV));
		}
		catch (RuntimeException ex) {
			return List.of(new RuleCompilationException.Problem(0, 0, "the table cannot be read: " + ex.getMessage()));
		}
		return problems.stream().map((problem) -> onRow(problem, blocks)).toList();
	}

	private static RuleCompilationException.Problem onRow(RuleCompilationException.Problem problem,
			List<Block> blocks) {
		Matcher expression = EXPRESSION.matcher(problem.message());
		for (Block block : blocks) {
			boolean byLine = problem.line() > 0 && problem.line() >= block.firstLine()
					&& problem.line() <= block.lastLine();
			boolean byText = expression.find(0) && block.text().contains(expression.group(1).trim());
			if (byLine || byText) {
				return new RuleCompilationException.Problem(block.row(), 0,
						"row " + block.row() + ": " + problem.message().strip());
			}
		}
		return problem;
	}

	private static List<Block> blocks(String drl) {
		List<Block> blocks = new ArrayList<>();
		String[] lines = drl.split("\n");
		int start = -1;
		int row = 0;
		for (int i = 0; i <= lines.length; i++) {
			Matcher matcher = (i < lines.length) ? ROW.matcher(lines[i]) : null;
			if (i == lines.length || matcher.find()) {
				if (start >= 0) {
					blocks.add(new Block(row, start + 1, i, String.join("\n", List.of(lines).subList(start, i))));
				}
				if (i < lines.length) {
					start = i;
					row = Integer.parseInt(matcher.group(1));
				}
			}
		}
		return blocks;
	}

	private record Block(int row, int firstLine, int lastLine, String text) {
	}

}
