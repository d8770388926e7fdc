package dev.siyu.system;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /api} and {@code /engine-rest} take HTTP basic credentials checked against
 * Camunda's users, the same users that log in to Cockpit and Tasklist (which keep their
 * own login page). Actuator shows health to anyone and metrics to authenticated users
 * only.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	@Bean
	SecurityFilterChain siyuSecurity(HttpSecurity http) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((auth) -> auth.requestMatchers("/api/**", "/engine-rest/**")
				.authenticated()
				.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				// vendors' callbacks: their signature is the authentication, checked by
				// each controller
				.requestMatchers("/callbacks/**")
				.permitAll()
				.requestMatchers("/actuator/**")
				.authenticated()
				.anyRequest()
				.permitAll())
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	AuthenticationProvider camundaUsers(IdentityService identityService) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				String user = authentication.getName();
				String password = String.valueOf(authentication.getCredentials());
				if (!identityService.checkPassword(user, password)) {
					throw new BadCredentialsException("Bad credentials");
				}
				return UsernamePasswordAuthenticationToken.authenticated(user, null,
						List.of(new SimpleGrantedAuthority("ROLE_USER")));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
			}

		};
	}

}
