package dev.siyu.audience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * The JSON columns of a launch row, read and written in one place for the API and the
 * runner. A launch recorded before segments has no audience column; its rule set, layers
 * and tag are read as the definition they mean.
 */
@Component
class LaunchColumns {

	private final ObjectMapper json;

	LaunchColumns(ObjectMapper json) {
		this.json = json;
	}

	JsonNode audience(ResultSet rs) throws SQLException {
		String audience = rs.getString("audience");
		if (audience != null) {
			try {
				return this.json.readTree(audience);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("A launch's audience is not JSON", ex);
			}
		}
		String layers = rs.getString("layer_values");
		return new Audience(rs.getString("rule_set"),
				(layers == null || layers.isBlank()) ? List.of() : List.of(layers.split(",")), rs.getString("tag"))
			.definition(this.json);
	}

	List<LaunchPlan.Variant> variants(ResultSet rs) throws SQLException {
		String variants = rs.getString("variants");
		if (variants == null) {
			return List.of();
		}
		try {
			return this.json.readValue(variants, new TypeReference<List<LaunchPlan.Variant>>() {
			});
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A launch's variants are not JSON", ex);
		}
	}

	String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
