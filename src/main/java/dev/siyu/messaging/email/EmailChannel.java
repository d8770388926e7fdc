package dev.siyu.messaging.email;

import java.nio.charset.StandardCharsets;

import dev.siyu.messaging.Channel;
import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.MessageCategory;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * E-mail with Spring Mail. The template's front matter gives the {@code email-subject}
 * and, with {@code email-html: true}, marks the body as HTML. The Message-ID carries
 * Siyu's message id, so a receiving system can tell a retry from a new mail.
 */
@Component
@ConditionalOnProperty(name = "siyu.channels.email.mode", havingValue = "live")
@EnableConfigurationProperties(EmailProperties.class)
class EmailChannel implements Channel {

	private final JavaMailSender mail;

	private final EmailProperties properties;

	EmailChannel(JavaMailSender mail, EmailProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	@Override
	public String mode() {
		return "live";
	}

	@Override
	public boolean supports(ChannelType type) {
		return type == ChannelType.EMAIL;
	}

	@Override
	public Delivery send(OutboundMessage message) {
		String to = message.customer().email();
		if (to == null || to.isBlank()) {
			throw ChannelException.permanent("NO_ADDRESS", "the customer has no e-mail address");
		}
		String messageId = "<siyu-" + message.id() + "@siyu>";
		try {
			MimeMessage mime = this.mail.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(mime, false, StandardCharsets.UTF_8.name());
			helper.setFrom(this.properties.from());
			helper.setTo(to);
			helper.setSubject(message.content().setting(message.template(), "email-subject"));
			helper.setText(message.content().body(), "true".equals(message.content().settings().get("email-html")));
			if (message.category() == MessageCategory.MARKETING && this.properties.unsubscribeUrl() != null) {
				mime.setHeader("List-Unsubscribe", "<" + this.properties.unsubscribeUrl() + ">");
			}
			mime.saveChanges();
			mime.setHeader("Message-ID", messageId);
			this.mail.send(mime);
			return new Delivery(messageId);
		}
		catch (MessagingException ex) {
			throw ChannelException.permanent("BAD_MESSAGE", "the mail cannot be built: " + ex.getMessage());
		}
		catch (MailAuthenticationException ex) {
			throw ChannelException.transientFailure("SMTP_AUTH", "the SMTP server refused our login", ex);
		}
		catch (MailSendException ex) {
			if (ex.getFailedMessages().values().stream().anyMatch(SendFailedException.class::isInstance)) {
				throw ChannelException.permanent("SMTP_REJECTED", "the SMTP server refused the recipient");
			}
			throw ChannelException.transientFailure("SMTP", "the SMTP server did not take the mail", ex);
		}
		catch (MailException ex) {
			throw ChannelException.transientFailure("SMTP", "the SMTP server did not take the mail", ex);
		}
	}

}
