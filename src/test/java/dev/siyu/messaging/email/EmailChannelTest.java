package dev.siyu.messaging.email;

import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.MessageCategory;
import dev.siyu.messaging.MessagingTestSupport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** E-mail through a real SMTP server (GreenMail). */
@TestPropertySource(properties = { "siyu.channels.email.mode=live", "siyu.channels.email.from=member@brand.example",
		"siyu.channels.email.unsubscribe-url=https://brand.example/unsubscribe", "spring.mail.host=localhost",
		"spring.mail.port=3025" })
class EmailChannelTest extends MessagingTestSupport {

	@RegisterExtension
	static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

	@Test
	void marketingMailIsSentAsHtmlWithItsSubjectAndAnUnsubscribeHeader() throws Exception {
		String customer = customer(
				new CustomerChanges("周敏", null, null, null, null, null, null, "min@example.com", null, null));

		long id = enqueue(customer, ChannelType.EMAIL, "test-email", MessageCategory.MARKETING,
				Map.of("giftTitle", "满99减20"));
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("SENT");
		MimeMessage[] received = smtp.getReceivedMessages();
		assertThat(received).hasSize(1);
		MimeMessage mail = received[0];
		assertThat(mail.getSubject()).isEqualTo("周敏，你的会员礼包");
		assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("min@example.com");
		assertThat(mail.getContentType()).startsWith("text/html");
		assertThat(mail.getContent().toString()).contains("<b>满99减20</b>");
		assertThat(mail.getHeader("List-Unsubscribe")[0]).isEqualTo("<https://brand.example/unsubscribe>");
		assertThat(mail.getMessageID()).isEqualTo("<siyu-" + id + "@siyu>");
		assertThat(message(id).get("vendor_message_id")).isEqualTo("<siyu-" + id + "@siyu>");
	}

	@Test
	void customerWithoutAnAddressIsUnreachable() {
		String customer = customer(CustomerChanges.none());

		long id = enqueue(customer, ChannelType.EMAIL, "test-email", MessageCategory.TRANSACTIONAL,
				Map.of("giftTitle", "满99减20"));
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("FAILED");
		assertThat(message(id).get("vendor_code")).isEqualTo("NO_ADDRESS");
		assertThat(smtp.getReceivedMessages()).isEmpty();
	}

	@Test
	void templateWithoutTheVariableItNeedsFailsWithoutSending() {
		String customer = customer(
				new CustomerChanges(null, null, null, null, null, null, null, "a@example.com", null, null));

		long id = enqueue(customer, ChannelType.EMAIL, "test-email", MessageCategory.TRANSACTIONAL, Map.of());
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("FAILED");
		assertThat((String) message(id).get("error")).contains("giftTitle");
		assertThat(smtp.getReceivedMessages()).isEmpty();
	}

}
