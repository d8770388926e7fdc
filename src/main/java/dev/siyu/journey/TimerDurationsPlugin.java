package dev.siyu.journey;

import javax.xml.datatype.DatatypeFactory;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Names the JDK's own {@link DatatypeFactory} before the engine creates its first timer.
 * Camunda reads every timer's duration ({@code PT24H}) with a new
 * {@code DatatypeFactory.newInstance()}, and without the system property that names the
 * implementation, each call searches every jar of the class path for a service entry
 * (JDK-6466177): in the launch benchmark's profile, about a quarter of the time of the
 * job that parks a journey at its timer. With the property set the JDK takes the named
 * class at once. A value set by whoever starts the JVM is left alone.
 */
@Component
class TimerDurationsPlugin extends AbstractProcessEnginePlugin {

	static final String PROPERTY = DatatypeFactory.DATATYPEFACTORY_PROPERTY;

	static final String JDK_FACTORY = DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, JDK_FACTORY);
		}
	}

}
