import { RuntimeFoundation1795313367442 } from './1795313367442-RuntimeFoundation';
import { Catalog1795319000000 } from './1795319000000-Catalog';
import { AccountsDomain1795320000000 } from './1795320000000-AccountsDomain';
import { UsageSignals1795321000000 } from './1795321000000-UsageSignals';
import { SupportSignals1795322000000 } from './1795322000000-SupportSignals';
import { EngagementSignals1795323000000 } from './1795323000000-EngagementSignals';
import { HealthScores1795324000000 } from './1795324000000-HealthScores';
import { Alerts1795325000000 } from './1795325000000-Alerts';
import { UsageRecordedAtBrin1795326000000 } from './1795326000000-UsageRecordedAtBrin';
import { Recommendations1795327000000 } from './1795327000000-Recommendations';
import { BusinessReviews1795328000000 } from './1795328000000-BusinessReviews';
import { Notifications1795329000000 } from './1795329000000-Notifications';
import { Exports1795330000000 } from './1795330000000-Exports';
import { TicketSlaDueTimes1795331000000 } from './1795331000000-TicketSlaDueTimes';
import { AdoptionCoveringKey1795332000000 } from './1795332000000-AdoptionCoveringKey';
import { ExecutiveSponsorIndex1795333000000 } from './1795333000000-ExecutiveSponsorIndex';
import { UsageCoveringKey1795334000000 } from './1795334000000-UsageCoveringKey';
import { CalendarSchoolHolidays1795335000000 } from './1795335000000-CalendarSchoolHolidays';
import { AdoptionUpdatedAtBrin1795336000000 } from './1795336000000-AdoptionUpdatedAtBrin';

/** Every migration, in order; imported rather than globbed so ts (tests) and js (dist) load the same list. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [RuntimeFoundation1795313367442, Catalog1795319000000, AccountsDomain1795320000000, UsageSignals1795321000000, SupportSignals1795322000000, EngagementSignals1795323000000, HealthScores1795324000000, Alerts1795325000000, UsageRecordedAtBrin1795326000000, Recommendations1795327000000, BusinessReviews1795328000000, Notifications1795329000000, Exports1795330000000, TicketSlaDueTimes1795331000000, AdoptionCoveringKey1795332000000, ExecutiveSponsorIndex1795333000000, UsageCoveringKey1795334000000, CalendarSchoolHolidays1795335000000, AdoptionUpdatedAtBrin1795336000000];
