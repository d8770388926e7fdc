package dev.siyu.customer;

import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import dev.siyu.system.InvalidInputException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers")
class CustomerController {

	private final CustomerRepository customers;

	private final CustomerPrivacy privacy;

	CustomerController(CustomerRepository customers, CustomerPrivacy privacy) {
		this.customers = customers;
		this.privacy = privacy;
	}

	@PostMapping
	@Transactional
	ResponseEntity<Customer> upsert(@Valid @RequestBody CustomerRequest request) {
		boolean created = this.customers.upsert(request.id(), request.changes());
		Customer customer = this.customers.find(request.id()).orElseThrow();
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(customer);
	}

	@GetMapping("/{id}")
	Customer get(@PathVariable String id) {
		return this.customers.require(id);
	}

	/** Erases everything of hers (PIPL): the answer counts what went, naming no one. */
	@DeleteMapping("/{id}")
	CustomerPrivacy.Erasure erase(@PathVariable String id) {
		return this.privacy.erase(id);
	}

	/** Everything Siyu holds of her (PIPL), as one JSON document. */
	@GetMapping("/{id}/export")
	ResponseEntity<Map<String, Object>> export(@PathVariable String id) {
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"customer-export.json\"")
			.body(this.privacy.export(id));
	}

	record CustomerRequest(
			@NotBlank @Size(max = 64) @Pattern(regexp = CustomerIds.PATTERN, message = CustomerIds.RULE) String id,
			@Size(max = 200) String name,
			@Pattern(regexp = "\\+?[0-9]{5,20}", message = "must be digits, optionally with a leading +") String phone,
			Boolean followedOfficialAccount, Boolean wecomFriend, Set<@NotBlank @Size(max = 100) String> tags,
			@Size(max = 64) String wechatOpenId, @Size(max = 64) String wecomExternalUserId,
			@Email @Size(max = 200) String email, String timeZone, Boolean marketingConsent,
			@Size(max = 100) String city, @Size(max = 100) String source) {

		CustomerChanges changes() {
			if (this.timeZone != null && !ZoneId.getAvailableZoneIds().contains(this.timeZone)) {
				throw new InvalidInputException(
						"'timeZone' " + this.timeZone + " is not a time zone id; use one such as Asia/Shanghai");
			}
			return new CustomerChanges(this.name, this.phone, this.followedOfficialAccount, this.wecomFriend, this.tags,
					this.wechatOpenId, this.wecomExternalUserId, this.email, this.timeZone, this.marketingConsent,
					this.city, this.source);
		}

	}

}
