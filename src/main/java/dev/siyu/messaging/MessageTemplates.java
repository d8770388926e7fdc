package dev.siyu.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * Message templates, {@code templates/messages/<key>.mustache}: Mustache text, optionally
 * after a YAML front matter between {@code ---} lines that names the vendors' templates
 * and the values of their parameters:
 *
 * <pre>
 * ---
 * aliyun-template-code: SMS_465220001
 * params:
 *   name: "{{customer.name}}"
 * ---
 * 【Siyu】{{customer.name}}，…
 * </pre>
 *
 * Vendor template codes belong to the brand's vendor account, so the front matter reads
 * them from configuration with {@code ${...}} placeholders, resolved like application
 * properties. A variable the template uses but the message lacks is an error, never an
 * empty string.
 */
@Component
class MessageTemplates {

	private final ResourceLoader resources;

	private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).strictSections(true);

	private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

	private final Environment environment;

	MessageTemplates(ResourceLoader resources, Environment environment) {
		this.resources = resources;
		this.environment = environment;
	}

	boolean exists(String key) {
		return key.matches("[a-z0-9-]+") && resource(key).exists();
	}

	RenderedMessage render(String key, Map<String, Object> context) {
		Parsed template = this.parsed.computeIfAbsent(key, this::parse);
		try {
			Map<String, String> params = new LinkedHashMap<>();
			template.params().forEach((name, value) -> params.put(name, value.execute(context).strip()));
			Map<String, String> settings = new LinkedHashMap<>();
			template.settings().forEach((name, value) -> settings.put(name, value.execute(context).strip()));
			return new RenderedMessage(template.body().execute(context).strip(), params, settings);
		}
		catch (MustacheException ex) {
			throw new TemplateException("Template '" + key + "' cannot be rendered: " + ex.getMessage(), ex);
		}
	}

	private Parsed parse(String key) {
		if (!exists(key)) {
			throw new TemplateException("No message template '" + key + "' (templates/messages/" + key + ".mustache)",
					null);
		}
		String text;
		try (InputStream in = resource(key).getInputStream()) {
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new TemplateException("Template '" + key + "' cannot be read", ex);
		}
		Map<String, Template> params = new LinkedHashMap<>();
		Map<String, Template> settings = new LinkedHashMap<>();
		String body = text;
		if (text.startsWith("---")) {
			int end = text.indexOf("\n---", 3);
			if (end < 0) {
				throw new TemplateException("Template '" + key + "' opens a front matter with --- but never closes it",
						null);
			}
			Object front = new Yaml().load(this.environment.resolvePlaceholders(text.substring(3, end)));
			body = text.substring(text.indexOf('\n', end + 1) + 1);
			if (front instanceof Map<?, ?> map) {
				map.forEach((name, value) -> {
					if ("params".equals(name) && value instanceof Map<?, ?> values) {
						values.forEach((param, expression) -> params.put(String.valueOf(param),
								compile(key, String.valueOf(expression))));
					}
					else if (value != null) {
						// an unset ${VAR:} leaves the setting empty, not the text "null"
						settings.put(String.valueOf(name), compile(key, String.valueOf(value)));
					}
				});
			}
		}
		return new Parsed(compile(key, body), params, settings);
	}

	private Template compile(String key, String text) {
		try {
			return this.compiler.compile(text);
		}
		catch (MustacheException ex) {
			throw new TemplateException("Template '" + key + "' does not parse: " + ex.getMessage(), ex);
		}
	}

	private Resource resource(String key) {
		return this.resources.getResource("classpath:templates/messages/" + key + ".mustache");
	}

	private record Parsed(Template body, Map<String, Template> params, Map<String, Template> settings) {
	}

	static class TemplateException extends RuntimeException {

		TemplateException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
