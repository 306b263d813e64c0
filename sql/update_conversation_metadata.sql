CREATE OR REPLACE FUNCTION public.update_conversation_metadata()
RETURNS trigger
LANGUAGE plpgsql
AS $$
-- Trigger function for update_conversation_on_message_insert
-- (AFTER INSERT ON public.messages FOR EACH ROW). Keeps the parent
-- conversation's metadata current: one more message, the latest message time,
-- updated_at, and a title taken from the first user message when the
-- conversation has none (whitespace collapsed, at most 80 characters).
BEGIN
    UPDATE public.conversations AS c
       SET message_count   = c.message_count + 1,
           last_message_at = GREATEST(c.last_message_at, NEW.created_at),
           updated_at      = now(),
           title           = CASE
                                 WHEN c.title IS NULL AND NEW.role = 'user'
                                 THEN NULLIF(left(regexp_replace(btrim(NEW.content), '\s+', ' ', 'g'), 80), '')
                                 ELSE c.title
                             END
     WHERE c.id = NEW.conversation_id;

    RETURN NULL;
END;
$$;
