/** Metrics and reports over executions and messages (the seed's Advanced Analytics). */
package com.auterity.hub.analytics;
