package dev.siyu.system;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON objects Siyu stores in text columns (event properties, message variables). */
public final class JsonObjects {

	private JsonObjects() {
	}

	/**
	 * The object without its entries whose value is that text (a customer id being
	 * erased); empty if it has none.
	 */
	public static Optional<String> without(ObjectMapper json, String object, String value) {
		try {
			Map<String, Object> entries = json.readValue(object, new TypeReference<LinkedHashMap<String, Object>>() {
			});
			if (!entries.values().removeIf(value::equals)) {
				return Optional.empty();
			}
			return Optional.of(json.writeValueAsString(entries));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A stored JSON object could not be read back", ex);
		}
	}

}
