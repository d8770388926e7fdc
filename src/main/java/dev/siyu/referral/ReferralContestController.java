package dev.siyu.referral;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import dev.siyu.system.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invite contests: create one, read it, its leaderboard and, once awarded, its winners.
 */
@RestController
@RequestMapping("/api/referral-contests")
class ReferralContestController {

	private final ReferralContests contests;

	ReferralContestController(ReferralContests contests) {
		this.contests = contests;
	}

	@PostMapping
	ResponseEntity<ReferralContests.Contest> create(@RequestBody ReferralContests.Request request,
			Principal principal) {
		ReferralContests.Contest contest = this.contests.create(request,
				(principal != null) ? principal.getName() : null);
		return ResponseEntity.created(URI.create("/api/referral-contests/" + contest.key())).body(contest);
	}

	@GetMapping
	List<ReferralContests.Contest> all() {
		return this.contests.all();
	}

	@GetMapping("/{key}")
	ReferralContests.Contest one(@PathVariable String key) {
		return this.contests.find(key).orElseThrow(() -> new NotFoundException("No contest '" + key + "'"));
	}

	@GetMapping("/{key}/leaderboard")
	List<ReferralContests.Standing> leaderboard(@PathVariable String key,
			@RequestParam(defaultValue = "50") int limit) {
		return this.contests.leaderboard(key, limit);
	}

	@GetMapping("/{key}/winners")
	List<ReferralContests.Winner> winners(@PathVariable String key) {
		one(key);
		return this.contests.winners(key);
	}

	@ExceptionHandler(ReferralContests.ContestExistsException.class)
	ProblemDetail conflict(ReferralContests.ContestExistsException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

}
