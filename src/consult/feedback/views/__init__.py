"""Feedback views, one module per area: `comments` (post, reply, read, edit,
withdraw), `participation` (support, report) and `moderation` (the queue,
hide, restore, approve). Shared form plumbing is in `helpers`."""
