package dev.siyu.system;

/**
 * Input a client sent that Siyu cannot accept. The message tells the client what to fix
 * and is returned as the detail of an HTTP 400.
 */
public class InvalidInputException extends RuntimeException {

	public InvalidInputException(String message) {
		super(message);
	}

}
