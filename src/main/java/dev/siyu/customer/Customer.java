package dev.siyu.customer;

import java.time.OffsetDateTime;
import java.util.Set;

public record Customer(String id, String name, String phone, boolean followedOfficialAccount, boolean wecomFriend,
		Set<String> tags, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	public boolean hasPhone() {
		return phone != null && !phone.isBlank();
	}

}
