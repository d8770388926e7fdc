package dev.siyu.rules;

/**
 * Why a rule set is asked, as the calling step says: {@code purpose} lets one offer table
 * serve a hero-product campaign, a dormant recall and a first-purchase nurture.
 */
public class RuleContext {

	private final String purpose;

	public RuleContext(String purpose) {
		this.purpose = (purpose != null) ? purpose : "";
	}

	public String getPurpose() {
		return this.purpose;
	}

}
