package dev.siyu.rules;

/**
 * A community group's last week, for {@code group-health}: its size, how many members
 * spoke, how many messages there were and how many of them were ads.
 */
public class GroupFacts {

	private final String groupId;

	private final int members;

	private final int activeMembers;

	private final int messages;

	private final int adMessages;

	public GroupFacts(String groupId, int members, int activeMembers, int messages, int adMessages) {
		this.groupId = groupId;
		this.members = members;
		this.activeMembers = activeMembers;
		this.messages = messages;
		this.adMessages = adMessages;
	}

	public String getGroupId() {
		return this.groupId;
	}

	public int getMembers() {
		return this.members;
	}

	public int getActiveMembers() {
		return this.activeMembers;
	}

	public int getMessages() {
		return this.messages;
	}

	public int getAdMessages() {
		return this.adMessages;
	}

	/** Percent of members who spoke. */
	public int getActiveShare() {
		return (this.members == 0) ? 0 : this.activeMembers * 100 / this.members;
	}

	/** Percent of messages that were ads. */
	public int getAdShare() {
		return (this.messages == 0) ? 0 : this.adMessages * 100 / this.messages;
	}

}
