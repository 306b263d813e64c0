CREATE OR REPLACE FUNCTION public.add_message_to_conversation(
    p_conversation_id uuid,
    p_role text,
    p_content text
) RETURNS uuid
LANGUAGE plpgsql
AS $$
-- Appends one message to a conversation and returns the new message's id.
-- The role is checked by messages_role_check; the conversation's metadata is
-- kept current by the trigger update_conversation_on_message_insert.
DECLARE
    v_message_id uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.conversations AS c WHERE c.id = p_conversation_id) THEN
        RAISE EXCEPTION 'add_message_to_conversation: conversation % does not exist', p_conversation_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;

    INSERT INTO public.messages (conversation_id, role, content)
    VALUES (p_conversation_id, p_role, p_content)
    RETURNING id INTO v_message_id;

    RETURN v_message_id;
END;
$$;
