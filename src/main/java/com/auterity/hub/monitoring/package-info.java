/** Resource and route metrics (Micrometer, Prometheus) and alerting. */
package com.auterity.hub.monitoring;
