package dev.siyu.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class CustomerRepository {

	private final JdbcClient jdbc;

	private final SiyuClock clock;

	CustomerRepository(JdbcClient jdbc, SiyuClock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public Optional<Customer> find(String id) {
		return this.jdbc.sql("""
				select id, name, phone, followed_official_account, wecom_friend, created_at, updated_at
				from customer where id = :id""").param("id", id).query((rs, row) -> map(rs, tags(id))).optional();
	}

	/**
	 * Creates the customer if it is new, then applies the changes. Returns whether it was
	 * created.
	 */
	public boolean upsert(String id, CustomerChanges changes) {
		boolean created = createIfMissing(id);
		OffsetDateTime now = this.clock.nowUtc();
		this.jdbc.sql("""
				update customer set
				  name = coalesce(:name, name),
				  phone = coalesce(:phone, phone),
				  followed_official_account = coalesce(:followed, followed_official_account),
				  wecom_friend = coalesce(:wecomFriend, wecom_friend),
				  updated_at = :now
				where id = :id""")
			.param("name", changes.name())
			.param("phone", changes.phone())
			.param("followed", changes.followedOfficialAccount())
			.param("wecomFriend", changes.wecomFriend())
			.param("now", now)
			.param("id", id)
			.update();
		if (changes.tags() != null) {
			this.jdbc.sql("delete from customer_tag where customer_id = :id").param("id", id).update();
			for (String tag : changes.tags()) {
				this.jdbc.sql("insert into customer_tag (customer_id, tag) values (:id, :tag)")
					.param("id", id)
					.param("tag", tag)
					.update();
			}
		}
		return created;
	}

	/**
	 * Inserts an empty customer with this id unless one exists. Returns whether it
	 * inserted.
	 */
	public boolean createIfMissing(String id) {
		OffsetDateTime now = this.clock.nowUtc();
		return this.jdbc.sql("""
				insert into customer (id, created_at, updated_at)
				select :id, :now, :now where not exists (select 1 from customer where id = :id)""")
			.param("id", id)
			.param("now", now)
			.update() == 1;
	}

	private Set<String> tags(String id) {
		return new LinkedHashSet<>(this.jdbc.sql("select tag from customer_tag where customer_id = :id order by tag")
			.param("id", id)
			.query(String.class)
			.list());
	}

	private static Customer map(ResultSet rs, Set<String> tags) throws SQLException {
		return new Customer(rs.getString("id"), rs.getString("name"), rs.getString("phone"),
				rs.getBoolean("followed_official_account"), rs.getBoolean("wecom_friend"), tags,
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
	}

}
