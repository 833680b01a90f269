// Messages between officials of one agency (issue 12), shared by server and web.
// (src/shared/messages.ts is the catalog of error messages: this is the chat.)

/** Longest message text, in characters. */
export const MESSAGE_MAX_LENGTH = 4000;
export const CONVERSATION_NAME_MAX = 120;
export const GROUP_MAX_MEMBERS = 200;

export type ConversationKind = 'direct' | 'group';
export type MessageLinkKind = 'document' | 'task';

export interface ConversationMember { id: string; fullName: string; unitName: string | null; lastReadSeq: number }

export interface ConversationSummary {
  id: string;
  kind: ConversationKind;
  /** The group's name, or the other official's name for a direct conversation. */
  title: string;
  createdBy: string;
  memberCount: number;
  unread: number;
  lastMessage: { sender: string; text: string; at: string } | null;
}

export interface ConversationDetail extends ConversationSummary {
  members: ConversationMember[];
  /** What I may do: add/remove members (the creator of a group), leave (a member of a group). */
  actions: ('manage' | 'leave')[];
}

/**
 * A shared document or task. `title` and `reference` are filled only for a reader who may open the
 * document; for anyone else `visible` is false ("a document you cannot open").
 */
export interface MessageLink { kind: MessageLinkKind; id: string; visible: boolean; title: string | null; reference: string | null; direction: string | null }

export interface MessageFile { id: string; fileName: string; mimeType: string; size: number }

export interface MessageView {
  id: string;
  seq: number;
  conversationId: string;
  sender: { id: string; fullName: string };
  text: string;
  link: MessageLink | null;
  files: MessageFile[];
  createdAt: string;
  /** For my own messages: the other members who have seen it (đã xem). */
  seenBy: string[];
}

export interface MessagePage { items: MessageView[]; /** Pass as `before` for older messages (null: no more). */ nextBefore: number | null }

export interface MessageSearchHit extends MessageView { conversationTitle: string }

/** The stream's `message` event: something changed in a conversation I am a member of. */
export interface LiveMessageEvent { conversationId: string; messageId: string | null }
