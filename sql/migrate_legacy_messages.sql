-- Carries the legacy single-exchange data of public.conversations (columns
-- question and response) into public.messages, before those columns are
-- dropped. pgconform runs it inside the remediation transaction, after
-- conversations.id became uuid and messages, its trigger and the new
-- conversation columns were created.
--
-- For each conversation that still holds a question or a response and has no
-- message yet: a 'user' message with the question, then an 'assistant' message
-- with the response. The user message takes the conversation's created_at; the
-- assistant message comes one millisecond later, so reading by created_at keeps
-- the question before its answer. NULL halves are skipped (nothing is invented,
-- nothing is lost).
--
-- Idempotent: conversations that already have messages are left alone, so a
-- second run inserts nothing and updates nothing.

INSERT INTO public.messages (conversation_id, role, content, created_at)
SELECT c.id, legacy.role, legacy.content, legacy.created_at
  FROM public.conversations AS c
 CROSS JOIN LATERAL (
       VALUES (1, 'user',      c.question, c.created_at),
              (2, 'assistant', c.response, c.created_at + interval '1 millisecond')
       ) AS legacy (ord, role, content, created_at)
 WHERE legacy.content IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM public.messages AS m WHERE m.conversation_id = c.id)
 ORDER BY c.created_at, c.id, legacy.ord;

-- The trigger update_conversation_on_message_insert has already set the
-- metadata of the conversations migrated above. This statement makes the
-- result independent of the trigger (a migration run before it exists, or
-- with it disabled): it sets message_count, last_message_at and a missing
-- title for the legacy conversations whose values disagree with their
-- messages, using the same title rule as update_conversation_metadata().
UPDATE public.conversations AS c
   SET message_count   = s.message_count,
       last_message_at = s.last_message_at,
       title           = COALESCE(c.title,
                                  NULLIF(left(regexp_replace(btrim(s.first_question), '\s+', ' ', 'g'), 80), ''))
  FROM (SELECT m.conversation_id,
               count(*)::integer AS message_count,
               max(m.created_at) AS last_message_at,
               (array_agg(m.content ORDER BY m.created_at, m.seq) FILTER (WHERE m.role = 'user'))[1] AS first_question
          FROM public.messages AS m
         GROUP BY m.conversation_id) AS s
 WHERE s.conversation_id = c.id
   AND (c.question IS NOT NULL OR c.response IS NOT NULL)
   AND (c.message_count IS DISTINCT FROM s.message_count
        OR c.last_message_at IS DISTINCT FROM s.last_message_at
        OR (c.title IS NULL AND s.first_question IS NOT NULL
            AND NULLIF(left(regexp_replace(btrim(s.first_question), '\s+', ' ', 'g'), 80), '') IS NOT NULL));
