package dev.siyu.audience;

import dev.siyu.system.InvalidInputException;

/** A segment definition Siyu cannot compile; the message names the place and the fix. */
class InvalidSegmentException extends InvalidInputException {

	InvalidSegmentException(String message) {
		super(message);
	}

}
