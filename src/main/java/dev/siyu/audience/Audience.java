package dev.siyu.audience;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The audience of the launch step in daily journeys: the customers whose stored layer of
 * {@code ruleSet} (from the last bulk layering) is one of {@code layers} (any layer when
 * empty), and who carry {@code tag} if given. It is a segment definition written short.
 */
public record Audience(String ruleSet, List<String> layers, String tag) {

	public Audience {
		layers = (layers != null) ? List.copyOf(layers) : List.of();
	}

	JsonNode definition(ObjectMapper json) {
		List<JsonNode> conditions = new ArrayList<>();
		if (this.ruleSet != null && !this.ruleSet.isBlank()) {
			ObjectNode layer = json.createObjectNode().put("ruleSet", this.ruleSet);
			if (!this.layers.isEmpty()) {
				this.layers.forEach(layer.putArray("in")::add);
			}
			conditions.add(json.createObjectNode().set("layer", layer));
		}
		if (this.tag != null && !this.tag.isBlank()) {
			conditions.add(json.createObjectNode().put("tag", this.tag));
		}
		if (conditions.isEmpty()) {
			throw new IllegalArgumentException("An audience needs a rule set or a tag");
		}
		return (conditions.size() == 1) ? conditions.get(0)
				: json.createObjectNode().set("and", json.createArrayNode().addAll(conditions));
	}

}
