package dev.siyu.messaging;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Message templates, {@code templates/messages/<key>.mustache}, rendered with Mustache. A
 * variable the template uses but the message lacks is an error, never an empty string.
 */
@Component
class MessageTemplates {

	private final ResourceLoader resources;

	private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).strictSections(true);

	private final Map<String, Template> compiled = new ConcurrentHashMap<>();

	MessageTemplates(ResourceLoader resources) {
		this.resources = resources;
	}

	boolean exists(String key) {
		return key.matches("[a-z0-9-]+") && resource(key).exists();
	}

	String render(String key, Map<String, Object> context) {
		try {
			return this.compiled.computeIfAbsent(key, this::compile).execute(context).strip();
		}
		catch (MustacheException ex) {
			throw new TemplateException("Template '" + key + "' cannot be rendered: " + ex.getMessage(), ex);
		}
	}

	private Template compile(String key) {
		if (!exists(key)) {
			throw new TemplateException("No message template '" + key + "' (templates/messages/" + key + ".mustache)",
					null);
		}
		try (Reader reader = new InputStreamReader(resource(key).getInputStream(), StandardCharsets.UTF_8)) {
			return this.compiler.compile(reader);
		}
		catch (IOException ex) {
			throw new TemplateException("Template '" + key + "' cannot be read", ex);
		}
	}

	private Resource resource(String key) {
		return this.resources.getResource("classpath:templates/messages/" + key + ".mustache");
	}

	static class TemplateException extends RuntimeException {

		TemplateException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
