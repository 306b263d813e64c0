CREATE OR REPLACE FUNCTION public.create_conversation_with_messages(
    p_user_id uuid,
    p_session_id uuid,
    p_title text,
    p_question text,
    p_response text
) RETURNS uuid
LANGUAGE plpgsql
AS $$
-- Creates a conversation and its first exchange: the user's question, then the
-- assistant's response, in that order (two statements, so messages.seq keeps
-- the order even though both rows get the same created_at). The trigger
-- update_conversation_on_message_insert fills message_count, last_message_at
-- and, when p_title is NULL, the title.
DECLARE
    v_conversation_id uuid;
BEGIN
    IF p_question IS NULL OR p_response IS NULL THEN
        RAISE EXCEPTION 'create_conversation_with_messages: question and response must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;

    INSERT INTO public.conversations (user_id, session_id, title)
    VALUES (p_user_id, p_session_id, p_title)
    RETURNING id INTO v_conversation_id;

    INSERT INTO public.messages (conversation_id, role, content)
    VALUES (v_conversation_id, 'user', p_question);

    INSERT INTO public.messages (conversation_id, role, content)
    VALUES (v_conversation_id, 'assistant', p_response);

    RETURN v_conversation_id;
END;
$$;
