package dev.siyu.journey;

import dev.siyu.referral.ReferralCodes;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * An invite-link step (template {@code siyu.InviteLink}): gives the journey's customer
 * her personal invite code and link, as the variables {@code inviteCode} and
 * {@code inviteLink} that the next messages show.
 */
@Component("inviteLink")
class InviteLinkDelegate implements JavaDelegate {

	static final String VAR_CODE = "inviteCode";

	static final String VAR_LINK = "inviteLink";

	private final ReferralCodes codes;

	InviteLinkDelegate(ReferralCodes codes) {
		this.codes = codes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String code = this.codes.codeOf(execution.getProcessBusinessKey());
		execution.setVariable(VAR_CODE, code);
		execution.setVariable(VAR_LINK, this.codes.linkOf(code));
	}

}
