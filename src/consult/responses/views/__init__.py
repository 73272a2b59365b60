"""Staff pages of the response register: answer one comment, a ticked group
or a whole article; revise an answer with a reason; the queue of comments
waiting for an answer; the dashboard of counts and deadlines."""
