package dev.siyu.system;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Says which field of a JSON request has the wrong format or type. */
public final class JsonErrors {

	private JsonErrors() {
	}

	/**
	 * What to fix, for the exception Jackson threw while reading a request (or its
	 * cause), else {@code null}.
	 */
	public static String describe(Throwable cause) {
		if (cause instanceof InvalidFormatException format) {
			return "'" + path(format) + "' has the wrong format: " + format.getValue() + " is not a "
					+ format.getTargetType().getSimpleName();
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			return "'" + path(mismatch) + "' has the wrong type; send " + mismatch.getTargetType().getSimpleName();
		}
		return null;
	}

	private static String path(MismatchedInputException ex) {
		return ex.getPath()
			.stream()
			.map((ref) -> (ref.getFieldName() != null) ? ref.getFieldName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."));
	}

}
