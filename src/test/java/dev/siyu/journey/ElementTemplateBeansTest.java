package dev.siyu.journey;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bean an element template binds a task to exists in the running application. */
class ElementTemplateBeansTest extends JourneyTestSupport {

	@Autowired
	ApplicationContext context;

	@Test
	void everyTemplateBindsToARealBean() {
		assertThat(JourneyLintUnitTest.boundBeans()).isNotEmpty()
			.allSatisfy((bean) -> assertThat(this.context.containsBean(bean)).as("bean " + bean).isTrue());
	}

}
