package dev.siyu.system;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * With the {@code production} profile, the admin may not log in with the demo password,
 * whatever {@code SIYU_ADMIN_PASSWORD} says now: Camunda creates the admin once, and a
 * database first started as a demo keeps the demo password after the variable changes.
 * The stored hash is compared directly: a login attempt with the wrong password would
 * count against the admin's attempts, and enough restarts would lock her out.
 */
@Component
@Profile(ProductionSafety.PROFILE)
class ProductionAdminPassword implements SmartInitializingSingleton {

	private final ProcessEngine engine;

	private final String admin;

	ProductionAdminPassword(ProcessEngine engine, @Value("${camunda.bpm.admin-user.id:demo}") String admin) {
		this.engine = engine;
		this.admin = admin;
	}

	@Override
	public void afterSingletonsInstantiated() {
		User user = this.engine.getIdentityService().createUserQuery().userId(this.admin).singleResult();
		if (user instanceof UserEntity stored && stored.getPassword() != null
				&& ((ProcessEngineConfigurationImpl) this.engine.getProcessEngineConfiguration()).getPasswordManager()
					.check(EncryptionUtil.saltPassword("demo", stored.getSalt()), stored.getPassword())) {
			throw new IllegalStateException("Siyu does not start with the production profile while the admin '"
					+ this.admin + "' logs in with the demo password, kept in the database since it was created:"
					+ " change it in Camunda Admin (/camunda/app/admin) or with PUT /engine-rest/user/" + this.admin
					+ "/credentials, then start again");
		}
	}

}
