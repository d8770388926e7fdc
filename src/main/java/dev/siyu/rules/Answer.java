package dev.siyu.rules;

/**
 * One answer of a questionnaire:
 * {@code Answer(question == "skin_concern", answer == "acne")}.
 */
public class Answer {

	private final String question;

	private final String answer;

	public Answer(String question, String answer) {
		this.question = question;
		this.answer = answer;
	}

	public String getQuestion() {
		return this.question;
	}

	public String getAnswer() {
		return this.answer;
	}

}
