package dev.siyu.referral;

import java.util.List;

import dev.siyu.customer.CustomerRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer's invite code and link (for the mini-program's "invite friends" page), the
 * invitations her code brought with what the referral rules decided, and her rewards.
 */
@RestController
@RequestMapping("/api/customers/{id}")
class ReferralController {

	private final CustomerRepository customers;

	private final ReferralCodes codes;

	private final Referrals referrals;

	private final Rewards rewards;

	ReferralController(CustomerRepository customers, ReferralCodes codes, Referrals referrals, Rewards rewards) {
		this.customers = customers;
		this.codes = codes;
		this.referrals = referrals;
		this.rewards = rewards;
	}

	record Invite(String customerId, String code, String link, String officialAccountScene) {
	}

	record Invitations(String customerId, long counted, long notCounted, List<Referrals.Referral> invitations) {
	}

	/** Her code, made the first time it is asked for and the same ever after. */
	@GetMapping("/invite")
	Invite invite(@PathVariable String id) {
		known(id);
		String code = this.codes.codeOf(id);
		return new Invite(id, code, this.codes.linkOf(code), Referrals.QR_SCENE_PREFIX + code);
	}

	@GetMapping("/referrals")
	Invitations referrals(@PathVariable String id) {
		known(id);
		List<Referrals.Referral> made = this.referrals.by(id);
		long counted = made.stream().filter(Referrals.Referral::counted).count();
		return new Invitations(id, counted, made.size() - counted, made);
	}

	@GetMapping("/rewards")
	List<Rewards.Reward> rewards(@PathVariable String id) {
		known(id);
		return this.rewards.of(id);
	}

	private void known(String id) {
		this.customers.require(id);
	}

}
