package dev.siyu.messaging.email;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * E-mail through Spring Mail ({@code spring.mail.host}, {@code port}, {@code username},
 * {@code password}).
 *
 * @param from the sender address, such as {@code 品牌会员 <member@brand.example>}
 * @param unsubscribeUrl where marketing mail's List-Unsubscribe header points, if set
 */
@Validated
@ConfigurationProperties("siyu.channels.email")
record EmailProperties(@NotBlank String from, String unsubscribeUrl) {

}
