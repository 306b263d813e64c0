CREATE OR REPLACE FUNCTION public.get_conversation_messages(
    p_conversation_id uuid
) RETURNS SETOF public.messages
LANGUAGE plpgsql
VOLATILE
AS $$
-- Returns a conversation's messages in conversation order: by created_at, then
-- by seq (an identity column), because messages written in one transaction
-- share created_at (now() is the transaction's start time) and their uuid ids
-- are random.
--
-- VOLATILE on purpose, although it only reads: a volatile function takes a
-- fresh snapshot for each statement, so it sees messages written earlier in
-- the same calling statement, e.g.
--   SELECT count(*) FROM get_conversation_messages(create_conversation_with_messages(...));
-- A STABLE function would read the caller's snapshot and return no rows there.
BEGIN
    RETURN QUERY
        SELECT m.*
          FROM public.messages AS m
         WHERE m.conversation_id = p_conversation_id
         ORDER BY m.created_at, m.seq;
END;
$$;
