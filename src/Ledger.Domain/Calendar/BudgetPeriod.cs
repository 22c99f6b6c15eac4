namespace Ledger.Domain.Calendar;

public enum BudgetPeriod { Day, Week, Month }
