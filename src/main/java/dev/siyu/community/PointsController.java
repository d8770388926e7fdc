package dev.siyu.community;

import java.util.List;

import dev.siyu.customer.CustomerRepository;
import dev.siyu.system.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A customer's points (balance and ledger), redemptions, and her honours. */
@RestController
@RequestMapping("/api/customers/{id}")
class PointsController {

	private final Points points;

	private final CustomerRepository customers;

	PointsController(Points points, CustomerRepository customers) {
		this.points = points;
		this.customers = customers;
	}

	record Redemption(String requestId, Integer points, String reason) {
	}

	@GetMapping("/points")
	Points.Account account(@PathVariable String id, @RequestParam(defaultValue = "50") int limit) {
		known(id);
		if (limit < 1 || limit > 1000) {
			throw new InvalidInputException("'limit' must be between 1 and 1000");
		}
		return this.points.account(id, limit);
	}

	/**
	 * Takes points out for what she redeemed; the same requestId again changes nothing.
	 */
	@PostMapping("/points/redemptions")
	Points.Account redeem(@PathVariable String id, @RequestBody Redemption redemption) {
		known(id);
		return this.points.redeem(id, redemption.requestId(), (redemption.points() != null) ? redemption.points() : 0,
				redemption.reason());
	}

	@GetMapping("/honours")
	List<Points.Honour> honours(@PathVariable String id) {
		known(id);
		return this.points.honoursOf(id);
	}

	@ExceptionHandler(Points.NotEnoughPointsException.class)
	ProblemDetail notEnough(Points.NotEnoughPointsException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	private void known(String id) {
		this.customers.require(id);
	}

}
