define E = 
define F = {E}x
