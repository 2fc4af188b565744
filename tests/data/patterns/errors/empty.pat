# intentionally empty: comments only

