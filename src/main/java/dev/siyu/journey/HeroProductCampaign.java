package dev.siyu.journey;

/**
 * The hero-product campaign ({@code processes/hero-product-campaign.bpmn}) and its
 * launcher ({@code processes/hero-product-campaign-launch.bpmn}): their keys and the ids
 * and variables reports read.
 */
public final class HeroProductCampaign {

	public static final String KEY = "hero-product-campaign";

	public static final String LAUNCH_KEY = "hero-product-campaign-launch";

	/** The layering rule set whose stored layers make the audience. */
	public static final String AUDIENCE_RULE_SET = "hero-tier";

	/** The launcher's start date; an ISO-8601 date-time. */
	public static final String START_SETTING = "siyu.campaigns.hero-product.start";

	/** The hero-product tier at campaign time: CORE, MAIN, NON_CORE or NON_BUYER. */
	public static final String VAR_HERO_TIER = "heroTier";

	/** The offer the rules chose for the tier. */
	public static final String VAR_OFFER_CODE = "offerCode";

	/**
	 * Whether she bought in the campaign; set when the journey ends, on every path.
	 */
	public static final String VAR_CAMPAIGN_SALE = "campaignSale";

	/** The order of the campaign sale; its amount is in {@code customer_order}. */
	public static final String VAR_ORDER_ID = "orderId";

	public static final String TASK_SEND_OA_OFFER = "Task_SendOaOffer";

	public static final String TASK_SEND_SMS_OFFER = "Task_SendSmsOffer";

	public static final String END_CONVERTED = "EndEvent_Converted";

	public static final String END_NO_SALE = "EndEvent_NoSale";

	public static final String END_UNREACHABLE = "EndEvent_Unreachable";

	public static final String END_OA_UNREACHABLE = "EndEvent_OaUnreachable";

	private HeroProductCampaign() {
	}

}
